/**
 * What a stack reads from its upstream stacks, collected as the renderer references it: `read(wire)` gives
 * the `var.<name>` expression and records the wire, so the stack's variables, its inputs and its
 * dependencies all follow from the references and can never disagree with them.
 */
import { raw, type Expr } from "../../hcl/index.js";
import { compareStackIds, type StackId } from "../../model/stack-ids.js";
import type { Wire } from "../../model/wires.js";
import { compareText } from "../../model/text-order.js";

export class StackInputs {
  readonly #used = new Map<string, Wire>();
  readonly #required = new Set<StackId>();

  constructor(readonly stack: StackId) {}

  /** `var.<name>` for an upstream output; the stack gets the variable and the dependency. */
  read(wire: Wire): Expr {
    return raw(this.ref(wire));
  }

  /** The same as `read`, as text for templates and longer expressions. */
  ref(wire: Wire): string {
    if (wire.stack === this.stack) throw new Error(`bug: stack ${this.stack} reads its own output ${wire.name}`);
    const seen = this.#used.get(wire.name);
    if (seen && seen.stack !== wire.stack) throw new Error(`bug: stack ${this.stack} reads ${wire.name} from both ${seen.stack} and ${wire.stack}`);
    this.#used.set(wire.name, wire);
    return `var.${wire.name}`;
  }

  /** The wires read, by name: the order of `variables.tf`. */
  get wires(): Wire[] {
    return [...this.#used.values()].sort((a, b) => compareText(a.name, b.name));
  }

  /**
   * A stack that must exist first although no value of it is read: a resource the stack names (a declared
   * secret by its name, say) that the other stack creates.
   */
  requires(stack: StackId): void {
    if (stack === this.stack) throw new Error(`bug: stack ${this.stack} requires itself`);
    this.#required.add(stack);
  }

  /** The stacks read or required, upstream first. */
  get upstream(): StackId[] {
    return [...new Set([...this.wires.map((w) => w.stack), ...this.#required])].sort(compareStackIds);
  }
}
