/**
 * The body of a Dubbo 2 request as Apache Dubbo's hessian-lite 4.0.4 writes it: Dubbo
 * version, service path, service version, method, parameter-type descriptor, one long
 * argument and the attachments map, all through one Hessian2Output. Captured by
 * `interop/java/hessian-fixtures.sh` (case `multi.dubbo_request` of
 * `fixtures/hessian2/hessian-lite.json`); kept here so the command needs no checkout.
 */
export const DEMO_SAMPLE = {
  description:
    "Dubbo request body written by Java (org.apache.dubbo:hessian-lite:4.0.4): UserService.getUser(long 42) with attachments",
  hex:
    "05322e302e3217636f6d2e6578616d706c652e5573657253657276696365000767657455736572014af82a48047061746817636f6d2e6578" +
    "616d706c652e557365725365727669636509696e7465726661636517636f6d2e6578616d706c652e55736572536572766963650776657273" +
    "696f6e05302e302e300774696d656f757404333030305a",
} as const;
