/** The task model, its input validation (clear 400 messages naming the field) and pagination parameters. */

export const STATUSES = ["todo", "in_progress", "done"] as const;
export type TaskStatus = (typeof STATUSES)[number];

export interface Task {
  readonly id: number;
  readonly title: string;
  readonly description: string;
  readonly status: TaskStatus;
  /** `YYYY-MM-DD` or null. */
  readonly dueDate: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type TaskInput = Pick<Task, "title" | "description" | "status" | "dueDate">;

export class ValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const FIELDS = new Set(["title", "description", "status", "dueDate"]);

/** A full input (create, replace) or, with `partial`, only the fields given (update). */
export function parseTaskInput(body: unknown, opts: { partial: true }): Partial<TaskInput>;
export function parseTaskInput(body: unknown, opts?: { partial?: false }): TaskInput;
export function parseTaskInput(body: unknown, opts: { partial?: boolean } = {}): Partial<TaskInput> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new ValidationError("body", "must be a JSON object");
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) if (!FIELDS.has(key)) throw new ValidationError(key, `unknown field; accepted: ${[...FIELDS].join(", ")}`);
  const out: { -readonly [K in keyof TaskInput]?: TaskInput[K] } = {};
  if (b.title !== undefined || !opts.partial) {
    if (typeof b.title !== "string" || b.title.trim() === "") throw new ValidationError("title", "is required and must be a non-empty string");
    if (b.title.length > 200) throw new ValidationError("title", `must be at most 200 characters; got ${b.title.length}`);
    out.title = b.title.trim();
  }
  if (b.description !== undefined) {
    if (typeof b.description !== "string") throw new ValidationError("description", "must be a string");
    if (b.description.length > 2000) throw new ValidationError("description", "must be at most 2000 characters");
    out.description = b.description;
  } else if (!opts.partial) out.description = "";
  if (b.status !== undefined) {
    if (!STATUSES.includes(b.status as TaskStatus))
      throw new ValidationError("status", `must be one of ${STATUSES.join(", ")}; got ${JSON.stringify(b.status)}`);
    out.status = b.status as TaskStatus;
  } else if (!opts.partial) out.status = "todo";
  if (b.dueDate !== undefined && b.dueDate !== null) {
    if (typeof b.dueDate !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(b.dueDate) || Number.isNaN(Date.parse(`${b.dueDate}T00:00:00Z`))) {
      throw new ValidationError("dueDate", `must be a date as YYYY-MM-DD; got ${JSON.stringify(b.dueDate)}`);
    }
    out.dueDate = b.dueDate;
  } else if (b.dueDate === null || !opts.partial) out.dueDate = null;
  if (opts.partial && Object.keys(out).length === 0) throw new ValidationError("body", "must set at least one of title, description, status, dueDate");
  return out;
}

export interface Page {
  readonly page: number;
  readonly pageSize: number;
  readonly status: TaskStatus | undefined;
}

export const MAX_PAGE_SIZE = 100;

export function parsePage(params: URLSearchParams): Page {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = params.get(name);
    if (raw === null) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new ValidationError(name, `must be an integer from ${min} to ${max}; got ${JSON.stringify(raw)}`);
    return n;
  };
  const status = params.get("status") ?? undefined;
  if (status !== undefined && !STATUSES.includes(status as TaskStatus)) throw new ValidationError("status", `must be one of ${STATUSES.join(", ")}`);
  return { page: int("page", 1, 1, 1_000_000), pageSize: int("pageSize", 20, 1, MAX_PAGE_SIZE), status: status as TaskStatus | undefined };
}

export function parseId(raw: string): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new ValidationError("id", `must be a positive integer; got ${JSON.stringify(raw)}`);
  return n;
}
