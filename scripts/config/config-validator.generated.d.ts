// Types for the generated validator (see validator.ts).
import type { ErrorObject } from "ajv";

export declare const validate: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
export default validate;
