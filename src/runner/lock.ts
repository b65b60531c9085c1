/**
 * State locks: recognise terraform's "Error acquiring the state lock" and turn it into a message with
 * the lock id, its holder and the command that releases it; and, after berth had to abort terraform
 * hard, release the lock berth itself left behind (never one held by someone else).
 */
import { hostname, userInfo } from "node:os";
import { BerthError, TerraformError } from "../errors.js";

export interface LockInfo {
  readonly id: string;
  readonly who?: string;
  readonly operation?: string;
  readonly created?: string;
}

/** The lock terraform reports when it cannot take the state lock, or undefined. */
export function parseLockError(text: string): LockInfo | undefined {
  if (!/Error acquiring the state lock/i.test(text)) return undefined;
  const field = (name: string) => new RegExp(`^\\s*${name}:[ \\t]*(.*)$`, "m").exec(text)?.[1]?.trim() || undefined;
  const id = field("ID");
  return id ? { id, who: field("Who"), operation: field("Operation"), created: field("Created") } : undefined;
}

/** Who terraform records as the holder of a lock it takes from this process: `user@host`. */
export function lockOwner(): string {
  return `${userInfo().username}@${hostname()}`;
}

/** A stack whose state someone else has locked. */
export class StateLockedError extends BerthError {
  readonly exitCode = 1;
  constructor(
    readonly stackPath: string,
    readonly lock: LockInfo,
    readonly workDir: string,
    binary: string,
  ) {
    const holder = [
      lock.who && `by ${lock.who}`,
      lock.operation && `for ${lock.operation.replace(/^OperationType/, "").toLowerCase()}`,
      lock.created && `since ${lock.created}`,
    ]
      .filter(Boolean)
      .join(" ");
    super(
      `the state of stack ${stackPath} is locked ${holder} (lock id ${lock.id}).\n` +
        `  If that run is still going, wait for it. If it died, release the lock:\n` +
        `    ${binary} -chdir=${workDir} force-unlock ${lock.id}`,
    );
    this.name = "StateLockedError";
  }
}

/** A TerraformError caused by a held lock becomes a StateLockedError; anything else passes through. */
export function explainLock(e: unknown, stack: string, workDir: string, binary: string): unknown {
  if (!(e instanceof TerraformError)) return e;
  const lock = parseLockError(e.stderrTail);
  return lock ? new StateLockedError(stack, lock, workDir, binary) : e;
}
