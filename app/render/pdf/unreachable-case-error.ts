/**
 * Thrown from the `default` of a switch that TypeScript has proved exhaustive: adding a node type to the schema
 * without a mapper is then a type error here, and an unexpected value at run time fails loudly.
 */
export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`Unhandled case: ${JSON.stringify(value)}`);
    this.name = "UnreachableCaseError";
  }
}
