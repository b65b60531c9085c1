/** Where tasks live: the interface the handlers use, and an in-memory implementation for handler tests. */
import type { Page, Task, TaskInput } from "./task.js";

export interface TaskStore {
  list(page: Page): Promise<{ items: Task[]; total: number }>;
  get(id: number): Promise<Task | undefined>;
  create(input: TaskInput): Promise<Task>;
  update(id: number, input: Partial<TaskInput>): Promise<Task | undefined>;
  delete(id: number): Promise<boolean>;
  /** Throws when the store cannot serve requests (the database is unreachable). */
  ping(): Promise<void>;
}

export function memoryStore(now: () => Date = () => new Date()): TaskStore {
  const tasks = new Map<number, Task>();
  let next = 1;
  return {
    async list({ page, pageSize, status }) {
      const all = [...tasks.values()].filter((t) => !status || t.status === status).sort((a, b) => a.id - b.id);
      return { items: all.slice((page - 1) * pageSize, page * pageSize), total: all.length };
    },
    async get(id) {
      return tasks.get(id);
    },
    async create(input) {
      const at = now().toISOString();
      const task: Task = { id: next++, ...input, createdAt: at, updatedAt: at };
      tasks.set(task.id, task);
      return task;
    },
    async update(id, input) {
      const t = tasks.get(id);
      if (!t) return undefined;
      const updated = { ...t, ...input, updatedAt: now().toISOString() };
      tasks.set(id, updated);
      return updated;
    },
    async delete(id) {
      return tasks.delete(id);
    },
    async ping() {},
  };
}
