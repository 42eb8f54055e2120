import { createContext, useContext } from "react";

/** The CSP nonce of this response, for the few script tags we render ourselves. Empty in the browser. */
export const NonceContext = createContext<string>("");
export const useNonce = () => useContext(NonceContext);
