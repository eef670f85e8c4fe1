// How a new link goes out (email, sms, both, or neither: copied / QR); the domain names a bad channel.
import { z } from 'zod';
import { line } from '../schemas.ts';

export const sendVia = z.array(line(20)).max(2).optional();
