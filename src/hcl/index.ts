/** HCL syntax tree and printer: a leaf module used only by `terraform/`. */
export * from "./ast.js";
export { printFile, printExpr, quote } from "./print.js";
