// A duration option in whole seconds, more than zero; each option adds its own bounds and default.
import * as z from 'zod';

export const seconds = z.number().int().positive();
