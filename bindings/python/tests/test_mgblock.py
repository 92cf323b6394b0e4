"""MgBlock through the Python API: its parameters and units, where it may be used (AlignPostProj
describers, CurrentProj and align_pre_projection instances), merging, the catalogue entry, and bad
input (its equations: Tests/BrainpyStateCoreTests/MgBlockTests.swift; against brainpy.state:
test_conformance_junctions.py)."""

import numpy as np
import pytest


def network(bp, u, out, post_model='LIF', precision=64):
    """LIF(1) firing into 3 post neurons through an Expon synapse and `out` (a describer)."""
    net = bp.Network(dt=0.1 * u.ms, precision=precision, num_threads=1)
    pre = net.add(bp.LIF(1))
    pre.add_current_input('x', 1.5 * u.mA)
    if post_model == 'LIF':
        post = net.add(bp.LIF(3, tau=10 * u.ms, V_rest=-60 * u.mV, V_reset=-60 * u.mV, V_th=-50 * u.mV,
                              V_initializer=-60 * u.mV))
        post.add_current_input('x', 8 * u.mA)
    else:
        post = net.add(bp.HH(3, V_initializer=-65 * u.mV))
        post.add_current_input('x', 4 * u.uA)
    w = (np.array([[300., 600., 900.]]) if post_model == 'LIF' else np.array([[0.1, 0.2, 0.3]])) * u.mS
    proj = net.add(bp.AlignPostProj(pre=pre, comm=bp.nn.Linear(1, 3, w_init=w, b_init=None),
                                    syn=bp.Expon.desc(3, tau=30 * u.ms), out=out, post=post))
    V = net.monitor(post, 'V')
    return net, proj, V


def test_bare_numbers_are_brainpy_documented_units(bp, u):
    """MgBlock()'s defaults and bare numbers mean E, V_offset in mV, alpha in 1/mV, cc_Mg, beta in mM."""
    runs = []
    for out in (bp.MgBlock.desc(),
                bp.MgBlock.desc(E=0., cc_Mg=1.2, alpha=0.062, beta=3.57, V_offset=0.),
                bp.MgBlock.desc(E=0 * u.mV, cc_Mg=1.2 * u.mM, alpha=0.062 / u.mV, beta=3.57 * u.mM,
                                V_offset=0 * u.mV),
                bp.MgBlock.desc(E=0 * u.volt, cc_Mg=1200 * u.uM, alpha=62 / u.volt, beta=3.57 * u.mM,
                                V_offset=0 * u.mV)):
        net, _, V = network(bp, u, out)
        net.run(steps=300)
        runs.append(V.values.to_decimal(u.mV))
    for r in runs[1:]:
        assert np.allclose(r, runs[0], rtol=1e-13, atol=0)
    assert np.ptp(runs[0]) > 1                        # the synapse moved V


def test_block_depends_on_magnesium(bp, u):
    """Less magnesium, less block: more spikes with cc_Mg = 0.1 mM than with 1.2 mM (V >= V_th after a
    step is a spike), and with cc_Mg = 0 MgBlock is COBA."""
    def final(out):
        net, _, V = network(bp, u, out)
        net.run(steps=300)
        return V.values.to_decimal(u.mV)
    blocked, weak = final(bp.MgBlock.desc()), final(bp.MgBlock.desc(cc_Mg=0.1))
    assert (weak >= -50).sum() > (blocked >= -50).sum() + 2
    assert np.allclose(final(bp.MgBlock.desc(E=-10 * u.mV, cc_Mg=0.)), final(bp.COBA.desc(E=-10 * u.mV)),
                       rtol=1e-12, atol=1e-12)


def test_merging_and_parameter_reads(bp, u):
    net = bp.Network(dt=0.1 * u.ms, precision=64)
    pre = net.add(bp.LIF(2))
    pre.add_current_input('x', np.array([1.5, 3.]) * u.mA)
    post = net.add(bp.LIF(2))
    comm = lambda j: bp.nn.SparseLinear(([j], [j], 50 * u.mS), shape=(2, 2))        # noqa: E731
    a = net.add(bp.AlignPostProj(pre=pre, comm=comm(0), syn=bp.Expon.desc(2, tau=20 * u.ms),
                                 out=bp.MgBlock.desc(E=0 * u.mV), post=post))
    b = net.add(bp.AlignPostProj(pre=pre, comm=comm(1), syn=bp.Expon.desc(2, tau=20 * u.ms),
                                 out=bp.MgBlock.desc(E=0 * u.mV), post=post))
    c = net.add(bp.AlignPostProj(pre=pre, comm=comm(1), syn=bp.Expon.desc(2, tau=20 * u.ms),
                                 out=bp.MgBlock.desc(E=0 * u.mV, cc_Mg=1.), post=post))
    net.run(steps=200)
    ga, gb, gc = (p.syn.g.value.mantissa for p in (a, b, c))
    assert np.array_equal(ga, gb) and ga[0] > 0 and ga[1] > 0     # merged: one synapse, both inputs
    assert gc[0] == 0 and gc[1] > 0                               # another cc_Mg: a synapse of its own
    assert repr(a.out).startswith('MgBlock(')


def test_current_proj_and_align_pre_take_instances(bp, u):
    net = bp.Network(dt=0.1 * u.ms, precision=32)
    pre = net.add(bp.LIF(2))
    pre.add_current_input('x', 3 * u.mA)
    post = net.add(bp.HH(2, V_initializer=-65 * u.mV))
    cp = net.add(bp.CurrentProj(pre=pre, comm=bp.nn.Linear(2, 2, w_init=0.2 * u.mS, b_init=None),
                                out=bp.MgBlock(E=0 * u.mV), post=post))
    nmda = net.add(bp.align_pre_projection(pre, syn=bp.BioNMDA(2), comm=bp.nn.Linear(2, 2, w_init=0.1 * u.mS),
                                           out=bp.MgBlock(), post=post))
    g = net.monitor(nmda, 'g')
    net.run(steps=300)
    assert g.values.mantissa.max() > 0.1
    assert np.all(np.isfinite(post.V.value.mantissa))
    with pytest.raises(TypeError):
        bp.CurrentProj(pre=pre, comm=bp.nn.Linear(2, 2, w_init=0.2 * u.mS), out=bp.MgBlock.desc(), post=post)
    with pytest.raises(TypeError):
        bp.AlignPostProj(pre=pre, comm=bp.nn.Linear(2, 2, w_init=0.2 * u.mS), syn=bp.Expon.desc(2),
                         out=bp.MgBlock(), post=post)
    assert cp.num_connections == 4


def test_bad_parameters(bp, u):
    with pytest.raises(bp.UnitMismatchError):
        bp.MgBlock(alpha=0.062 * u.mV)
    with pytest.raises(bp.UnitMismatchError):
        bp.MgBlock(E=0 * u.mS)
    with pytest.raises(bp.UnitMismatchError):
        bp.MgBlock(cc_Mg=1.2 * u.mV)
    with pytest.raises(bp.InvalidArgumentError, match='finite'):
        bp.MgBlock(E=np.nan)
    with pytest.raises(bp.ElementTypeError):
        bp.MgBlock(E='0 mV')
    net, proj, _ = network(bp, u, bp.MgBlock.desc())
    net.run(steps=5)
    with pytest.raises(bp.InvalidArgumentError, match='beta'):
        proj.out.beta = 0 * u.mM                       # checked by the engine: beta > 0
    proj.out.cc_Mg = 0.5 * u.mM                        # a homogeneous change after compile is fine
    net.run(steps=5)
    # an Izhikevich post takes mV/ms: no synaptic output fits it
    net2 = bp.Network(dt=0.1 * u.ms)
    pre = net2.add(bp.LIF(1))
    post = net2.add(bp.Izhikevich(1))
    with pytest.raises(bp.UnitMismatchError):
        net2.add(bp.AlignPostProj(pre=pre, comm=bp.nn.Linear(1, 1, w_init=1 * u.mS), syn=bp.Expon.desc(1),
                                  out=bp.MgBlock.desc(), post=post))


def test_catalogue_lists_mgblock_and_the_gap_junctions(bp):
    outputs = {m.name: m for m in bp.models('output')}
    mg = outputs['MgBlock']
    assert [(p.name, p.unit, p.default) for p in mg.params] == [
        ('E', 'mV', 0.0), ('cc_Mg', 'mM', 1.2), ('alpha', '1/mV', 0.062), ('beta', 'mM', 3.57), ('V_offset', 'mV', 0.0)]
    kinds = {m.name: m for m in bp.models('projection')}
    for name in ('SymmetryGapJunction', 'AsymmetryGapJunction'):
        assert [(p.name, p.unit, p.default) for p in kinds[name].params] == [('weight', 'mS', None)]
