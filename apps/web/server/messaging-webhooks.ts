// Twilio and SendGrid webhooks: delivery status, inbound SMS (STOP/START/HELP), email events.
// Each is verified by the provider's injected adapter before anything is read (404 when the provider
// is not configured); the adapter translates, the domain's use cases decide, and updates are
// idempotent and only move statuses forward. An inbound SMS is answered synchronously (TwiML).
import express, { Router, type Request, type Response } from 'express';
import { applyDeliveryReport, handleInboundSms } from '@clinicpay/domain';
import type { Container } from '@clinicpay/infrastructure';
import { handled } from './errors.ts';

/** The form Twilio posted, every value a string (a repeated field is joined, as it was signed). */
function formOf(req: Request): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.body as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
  );
}

const header = (req: Request, name: string) => req.headers[name] as string | undefined;

export function messagingWebhookRoutes(container: Container): Router {
  const router = Router();
  const { twilioWebhooks: twilio, sendgridWebhooks: sendgrid } = container;
  const form = express.urlencoded({ extended: false, limit: '100kb' });
  const twilioVerified = (req: Request): boolean =>
    !!twilio?.verify({
      path: req.originalUrl,
      form: formOf(req),
      signature: header(req, 'x-twilio-signature'),
    });

  // POST /webhooks/twilio/status — Twilio's delivery status callback for a message we sent.
  router.post(
    '/webhooks/twilio/status',
    form,
    handled(async (req: Request, res: Response) => {
      if (!twilio) return void res.status(404).send('Twilio is not configured');
      if (!twilioVerified(req)) return void res.status(403).send('Invalid signature');
      const report = twilio.deliveryReport(formOf(req));
      if (report) await applyDeliveryReport(report, container.messagingDeps());
      res.status(204).end();
    }),
  );

  // POST /webhooks/twilio/inbound — a patient's SMS reply: STOP / START / HELP, answered in TwiML.
  router.post(
    '/webhooks/twilio/inbound',
    form,
    handled(async (req: Request, res: Response) => {
      if (!twilio) return void res.status(404).send('Twilio is not configured');
      if (!twilioVerified(req)) return void res.status(403).send('Invalid signature');
      const outcome = await handleInboundSms(twilio.inboundSms(formOf(req)), container.messagingDeps());
      res.type('text/xml').send(twilio.reply(outcome.reply));
    }),
  );

  // POST /webhooks/sendgrid/events — SendGrid's signed Event Webhook (a JSON array of events).
  router.post(
    '/webhooks/sendgrid/events',
    express.raw({ type: () => true, limit: '5mb' }),
    handled(async (req: Request, res: Response) => {
      if (!sendgrid) return void res.status(404).send('SendGrid event webhook is not configured');
      const payload = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const verified = sendgrid.verify({
        payload,
        signature: header(req, 'x-twilio-email-event-webhook-signature'),
        timestamp: header(req, 'x-twilio-email-event-webhook-timestamp'),
      });
      if (!verified) return void res.status(403).send('Invalid signature');
      const reports = sendgrid.reports(payload);
      if (!reports.ok) return void res.status(400).send(reports.error);
      for (const report of reports.value) await applyDeliveryReport(report, container.messagingDeps());
      res.status(204).end();
    }),
  );

  return router;
}
