export { prng } from "../../runtime/testing/prng.ts";
