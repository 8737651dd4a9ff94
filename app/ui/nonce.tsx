import { createContext, useContext } from "react";

/**
 * The CSP nonce, provided only during the server render. It is never put in loader data,
 * so it never reaches the client's JavaScript (in the browser this is an empty string).
 */
export const NonceContext = createContext<string>("");

export function useNonce(): string {
  return useContext(NonceContext);
}
