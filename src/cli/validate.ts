/** `berth validate`: config and model checks only; nothing is written. */
import { type CommonOptions, loadStacks } from "./context.js";
import { println } from "./output.js";

export async function validate(opts: CommonOptions): Promise<void> {
  const { file, model, stacks } = await loadStacks(opts);
  for (const env of model.environments) {
    const n = stacks.filter((s) => s.env === env.name).length;
    println(`${env.name} (${env.tier}, ${env.region}): ${env.services.length} services, ${env.loadBalancers.length} load balancers, ${n} stacks`);
  }
  println(`${file} is valid`);
}
