/**
 * Layer `graph`: the Kbuild graph (`@dagrejs/graphlib`) of directories, modules, archives,
 * composite objects, objects and sources, with the query API. It imports `base` and `eval/*` only.
 */
export {
  KbuildGraph,
  directoryId,
  describeConfigs,
  type NodeKind,
  type NodeInfo,
  type EdgeInfo,
  type OffMember,
  type WhyStep,
  type Explanation,
} from './kbuild-graph.js';
