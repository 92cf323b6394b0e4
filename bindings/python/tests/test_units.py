"""The light Quantity/Unit classes and the acceptance of brainunit-like objects."""

import numpy as np
import pytest

import brainpystate as bp
from brainpystate import units as u


class FakeDim:
    """What brainunit's Unit.dim looks like: SI exponents (m, kg, s, A, K, mol, cd) in ``_dims``."""

    def __init__(self, dims):
        self._dims = np.asarray(dims, dtype=float)


class FakeUnit:
    """A stand-in for a brainunit Unit: prints like one and carries dim/scale/factor/base."""

    def __init__(self, text, dims=(0, 0, 0, 0, 0, 0, 0), scale=0, factor=1.0):
        self.text = text
        self.dim = FakeDim(dims)
        self.scale = scale
        self.factor = factor
        self.base = 10.0

    def __str__(self):
        return self.text


class FakeQuantity:
    """A stand-in for a brainunit Quantity (duck-typed: .mantissa and .unit)."""

    def __init__(self, mantissa, unit):
        self.mantissa = mantissa
        self.unit = unit


MV = FakeUnit('mV', (2, 1, -3, -1, 0, 0, 0), -3)
MS_TIME = FakeUnit('ms', (0, 0, 1, 0, 0, 0, 0), -3)
MA = FakeUnit('mA', (0, 0, 0, 1, 0, 0, 0), -3)


def test_scalar_arithmetic_and_conversion():
    I = 20 * u.mA
    assert isinstance(I, u.Quantity)
    assert I.mantissa == 20 and I.unit == u.mA and str(I.unit) == 'mA'
    assert I.to(u.uA).mantissa == pytest.approx(20000.0)
    assert I.to_decimal('A') == pytest.approx(0.02)
    assert (-I).mantissa == -20
    assert (2 * u.mA + 3 * u.uA).mantissa == pytest.approx(2.003)        # right operand converted (brainunit)
    assert (1 * u.volt - 1 * u.mV).to_decimal(u.mV) == pytest.approx(999.0)
    assert (u.mS * u.mV) == u.uA                                           # mS*mV is a microampere
    assert (0.6 * u.mS * (0 * u.mV - (-60) * u.mV)).to_decimal(u.uA) == pytest.approx(36.0)
    assert ((1 * u.volt) / (1 * u.mV)).mantissa == pytest.approx(1000.0)   # same dimension -> number
    assert (1 / u.ms).to_decimal(u.Hz) == pytest.approx(1000.0)
    assert (10 * u.mV) > (5 * u.mV) and (1 * u.volt) > (999 * u.mV)
    assert (u.ms ** 2) == u.Unit('ms^2')


def test_array_quantities():
    V = np.array([-60., -55.]) * u.mV
    assert isinstance(V, u.Quantity) and V.shape == (2,)
    assert np.allclose(V.to_decimal(u.volt), [-0.06, -0.055])
    assert np.allclose((-V).mantissa, [60, 55])
    assert V[1].mantissa == -55
    assert np.allclose((V * 2).mantissa, [-120, -110])
    f32 = np.array([1.5, 2.5], dtype=np.float32) * u.ms
    assert f32.to_decimal(u.ms).dtype == np.float32
    assert f32.to(u.second).mantissa.dtype == np.float32


def test_unit_errors():
    with pytest.raises(bp.UnitMismatchError, match='different dimensions'):
        (1 * u.mV) + (1 * u.ms)
    with pytest.raises(bp.UnitMismatchError, match='bare number'):
        (1 * u.mV) + 1.0
    with pytest.raises(bp.UnitMismatchError) as e:
        (1 * u.mV).to('mVV')
    assert 'mVV' in str(e.value)
    assert isinstance(e.value, ValueError)
    with pytest.raises(bp.UnitMismatchError):
        float(3 * u.mV)
    assert float(u.Quantity(2.0, '')) == 2.0


def test_brainunit_like_quantities_are_accepted():
    q = u.as_quantity(FakeQuantity(20.0, MA))
    assert q.mantissa == 20.0 and str(q.unit) == 'mA'
    # brainunit prints compound units with spaces and a leading "1 "
    q = u.as_quantity(FakeQuantity(2.0, FakeUnit('1 mM^-1 * ms^-1')))
    assert str(q.unit) == 'mM^-1*ms^-1'
    assert q.to_decimal('1/(mM*ms)') == pytest.approx(2.0)
    q = u.as_quantity(FakeQuantity(3.0, FakeUnit('1 / (mM * ms)')))
    assert q.to_decimal('1/(mM*ms)') == pytest.approx(3.0)
    q = u.as_quantity(FakeQuantity(np.array([1.0, 2.0]), FakeUnit('mV / ms')))
    assert np.allclose(q.to_decimal('V/s'), [1.0, 2.0])
    # a unit our grammar cannot read is converted through its SI exponents (kilovolt-ish "kV" parses,
    # so use a made-up name with the dimension of voltage and scale -3)
    q = u.as_quantity(FakeQuantity(5.0, FakeUnit('millivolt_custom', (2, 1, -3, -1, 0, 0, 0), -3)))
    assert q.to_decimal(u.mV) == pytest.approx(5.0)
    q = u.as_quantity(FakeQuantity(1.0, FakeUnit('mol/m^3', (-3, 0, 0, 0, 0, 1, 0), 0)))
    assert q.to_decimal(u.mM) == pytest.approx(1.0)
    # a dimension outside the engine's units (per area) is refused with a clear message
    with pytest.raises(bp.UnitMismatchError, match='cm'):
        u.as_quantity(FakeQuantity(1.0, FakeUnit('mS / cm^2', (-4, -1, 3, 2, 0, 0, 0), 1)))


def test_brainunit_like_objects_drive_a_network():
    net = bp.Network(dt=FakeQuantity(0.1, MS_TIME), precision=64)
    assert net.dt.to_decimal(u.ms) == pytest.approx(0.1)
    N = net.add(bp.LIF(2, tau=FakeQuantity(5.0, MS_TIME), V_th=FakeQuantity(1000.0, MV),
                       V_initializer=FakeQuantity(np.array([0.0, 1.0]), MV)))
    N.add_current_input('ext', FakeQuantity(np.array([1.0, 2.0]), MA))
    net.run(FakeQuantity(0.1, MS_TIME))
    e = np.exp(-0.1 / 5.0)
    assert np.allclose(N.V.value.to_decimal(u.mV), [1 - e, e + 2 * (1 - e)], rtol=1e-12)
    assert np.allclose(N.tau.to_decimal(u.ms), 5.0)


def test_initializers():
    n = bp.init.Normal(-55., 2., unit=u.mV)
    assert n._resolve() == ('Normal', [-55.0, 2.0], 'mV')
    assert bp.init.Normal(-55 * u.mV, 2 * u.mV)._resolve() == ('Normal', [-55.0, 2.0], 'mV')
    assert bp.init.Uniform(0 * u.mV, 1 * u.volt)._resolve() == ('Uniform', [0.0, 1000.0], 'mV')
    assert bp.init.Constant(3 * u.ms)._resolve() == ('Constant', [3.0], 'ms')
    draws = n(1000, rng=np.random.default_rng(0))
    assert draws.shape == (1000,) and str(draws.unit) == 'mV'
    assert abs(draws.mantissa.mean() + 55) < 0.5
    with pytest.raises(ValueError, match='std'):
        bp.init.Normal(0., -1., unit=u.mV)
    with pytest.raises(ValueError, match='low'):
        bp.init.Uniform(2., 1., unit=u.mV)
    with pytest.raises(bp.UnitMismatchError):
        bp.init.Normal(1 * u.mV, 2.0)          # mixed quantity and number
