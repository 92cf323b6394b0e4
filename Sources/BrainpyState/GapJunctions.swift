/// `brainpy.state.SymmetryGapJunction`: electrical coupling with the same conductance both ways. Every
/// step, before the neurons update, connection k adds g·(V_pre[preIds[k]] − V_post[postIds[k]]) to the
/// current of post neuron postIds[k] and subtracts it from pre neuron preIds[k] (V as stored, i.e.
/// before this step's reset; repeated pairs add up). Only V couples (brainpy's `states='V'`).
public struct SymmetryGapJunction {
    public var pre: Population
    public var post: Population
    /// brainpy's `conn` result: one (pre, post) pair per connection.
    public var preIds: [Int]
    public var postIds: [Int]
    /// One conductance, or one per connection.
    public var weight: Parameter<ConductanceDimension>

    /// Self-coupling within one population.
    public init(couples population: Population, preIds: [Int], postIds: [Int],
                weight: any ParameterSource<ConductanceDimension>) {
        self.init(couples: (population, population), preIds: preIds, postIds: postIds, weight: weight)
    }

    /// Coupling between two populations (pre, post).
    public init(couples: (Population, Population), preIds: [Int], postIds: [Int],
                weight: any ParameterSource<ConductanceDimension>) {
        (pre, post) = couples
        self.preIds = preIds
        self.postIds = postIds
        self.weight = weight.parameter
    }
}

/// `brainpy.state.AsymmetryGapJunction`: a conductance per direction, `weight` = [g_pre, g_post] for
/// every connection or one such pair per connection (row-major (n, 2)): the post side gets
/// g_pre·(V_pre − V_post), the pre side −g_post·(V_pre − V_post).
public struct AsymmetryGapJunction {
    public var pre: Population
    public var post: Population
    public var preIds: [Int]
    public var postIds: [Int]
    public var weight: QuantityArray<ConductanceDimension>

    /// `pre` and `post` may be the same population (self-coupling).
    public init(pre: Population, post: Population, preIds: [Int], postIds: [Int],
                weight: QuantityArray<ConductanceDimension>) {
        self.pre = pre
        self.post = post
        self.preIds = preIds
        self.postIds = postIds
        self.weight = weight
    }
}
