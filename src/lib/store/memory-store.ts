// A LabStore in memory: for Node (CLI, tests) and as the fallback when IndexedDB is unavailable
// (private windows in some browsers). Records are deep-copied so callers cannot mutate stored state.
import type { CheckpointRecord, ExperimentRecord, LabStore } from './types.ts';

export class MemoryStore implements LabStore {
  private experiments = new Map<string, ExperimentRecord>();
  private checkpoints = new Map<string, CheckpointRecord>();

  async listExperiments() {
    return [...this.experiments.values()]
      .map(({ id, name, updatedAt, status }) => ({ id, name, updatedAt, status }))
      .sort((a, b) => b.updatedAt - a.updatedAt);
  }
  async getExperiment(id: string) {
    const r = this.experiments.get(id);
    return r ? structuredClone(r) : null;
  }
  async putExperiment(rec: ExperimentRecord) {
    this.experiments.set(rec.id, structuredClone(rec));
  }
  async deleteExperiment(id: string) {
    this.experiments.delete(id);
    for (const key of [...this.checkpoints.keys()]) if (key.startsWith(`${id}/`)) this.checkpoints.delete(key);
  }
  async putCheckpoint(rec: CheckpointRecord) {
    this.checkpoints.set(`${rec.experimentId}/${rec.runId}`, { ...rec, bytes: rec.bytes.slice(0) });
  }
  async getCheckpoint(experimentId: string, runId: string) {
    const r = this.checkpoints.get(`${experimentId}/${runId}`);
    return r ? { ...r, bytes: r.bytes.slice(0) } : null;
  }
}
