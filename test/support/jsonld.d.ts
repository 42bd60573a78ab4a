// The one call the tests make of jsonld (plain JavaScript).
declare module 'jsonld' {
  const jsonld: { expand(input: object, options: { documentLoader: unknown; safe?: boolean }): Promise<object[]> };
  export default jsonld;
}
