/** `berth validate`: config and model checks only; nothing is written. */
import { endpointNote } from "../insight/cost/choices.js";
import { Lines } from "../insight/cost/lines.js";
import { PriceBook } from "../insight/cost/prices.js";
import { type CommonOptions, loadStacks } from "./context.js";
import { println } from "./output.js";

export async function validate(opts: CommonOptions): Promise<void> {
  const { file, model, stacks } = await loadStacks(opts);
  for (const env of model.environments) {
    const n = stacks.filter((s) => s.env === env.name).length;
    const functions = env.functions.length > 0 ? `, ${env.functions.length} functions, ${env.httpApis.length} HTTP APIs` : "";
    const sites = env.sites.length > 0 ? `, ${env.sites.length} static site${env.sites.length === 1 ? "" : "s"}` : "";
    println(
      `${env.name} (${env.tier}, ${env.region}): ${env.services.length} services${functions}${sites}, ${env.loadBalancers.length} load balancers${env.networkLoadBalancers.length > 0 ? `, ${env.networkLoadBalancers.length} network load balancers` : ""}, ${n} stacks`,
    );
    // The endpoints the model added may cost more than the NAT gateway they replace: say so where it is decided.
    const note = endpointNote(env, new Lines(new PriceBook(env.region, env.cost.prices, "cost.prices")));
    if (note) println(`  note: ${note}`);
  }
  println(`${file} is valid`);
}
