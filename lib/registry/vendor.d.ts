// avsc's schema-only build (no files, no RPC) has the types of the full package.
declare module 'avsc/etc/browser/avsc-types.js' {
  import type { Type } from 'avsc';

  const avsc: { Type: typeof Type };
  export default avsc;
}
