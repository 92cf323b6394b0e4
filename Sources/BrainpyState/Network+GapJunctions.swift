import CBrainpyState

extension Network {
    /// Add a SymmetryGapJunction (`bps_projection_new` with its kind, then its index pairs and weight).
    @discardableResult
    public func add(_ junction: SymmetryGapJunction) throws -> Projection {
        try addGapJunction("SymmetryGapJunction", junction.pre, junction.post, junction.preIds, junction.postIds,
                           weight: .parameter("weight", junction.weight))
    }

    /// Add an AsymmetryGapJunction.
    @discardableResult
    public func add(_ junction: AsymmetryGapJunction) throws -> Projection {
        try addGapJunction("AsymmetryGapJunction", junction.pre, junction.post, junction.preIds, junction.postIds,
                           weight: .parameter("weight", junction.weight))
    }

    private func addGapJunction(_ kind: String, _ pre: Population, _ post: Population, _ preIds: [Int],
                                _ postIds: [Int], weight: ModelSetting) throws -> Projection {
        for view in [pre, post] where view.network !== self {
            throw BrainpyStateError(status: .invalidArgument, message: "population \(view.id) belongs to another network")
        }
        var desc = bps_projection_desc()
        try check(bps_projection_desc_init(&desc))
        desc.pre = pre.id
        desc.post = post.id
        var id: Int32 = -1
        try kind.withCString { k in
            desc.kind = k
            try check(bps_projection_new(unsafeHandle, &desc, &id))
        }
        let target = SettingTarget.projection(unsafeHandle, id, part: "proj")
        try ModelSetting.connections(pre: preIds, post: postIds, weight: QuantityArray<ConductanceDimension>?.none)
            .apply(to: target)
        try weight.apply(to: target)
        return Projection(network: self, id: id, postSize: post.size)
    }
}
