"""brainpy.state's conductance-based and reduced neurons: HH, WangBuzsakiHH, MorrisLecar,
FitzHughNagumo, HindmarshRose (classes in the style of neurons.py)."""

__all__ = []
