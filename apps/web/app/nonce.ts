// This response's CSP nonce, for the inline scripts Remix renders (see entry.server.tsx). Empty in
// the browser: the scripts are already in the page, and browsers hide nonces from the DOM anyway.
import { createContext, useContext } from 'react';

export const NonceContext = createContext('');

export const useNonce = () => useContext(NonceContext);
