/// The floating-point type of every state of a network (brainstate.environ's precision).
public enum Precision: Int32, Sendable {
    case float32 = 32
    case float64 = 64
}
