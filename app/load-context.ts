import type { Services } from "../server/context";

/** What every loader and action receives from server/main.ts (type-only: no server code reaches the browser). */
declare module "@remix-run/node" {
  interface AppLoadContext {
    services: Services;
    cspNonce: string;
    clientAddress: string;
    publicUrl: string;
  }
}

export {};
