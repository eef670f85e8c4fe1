// Twilio and SendGrid webhooks: delivery status, inbound SMS (STOP/START/HELP), email events.
// Each is verified before anything is read; updates are idempotent and only move statuses forward.
import express, { Router, type Request, type Response } from 'express';
import { applyDeliveryReport, handleInboundSms, type DeliveryReport } from '@clinicpay/domain';
import { verifySendGridSignature, verifyTwilioSignature, type Container } from '@clinicpay/infrastructure';

const TWILIO_STATUS: Record<string, DeliveryReport['status'] | undefined> = {
  sent: 'sent',
  delivered: 'delivered',
  undelivered: 'undelivered',
  failed: 'failed',
};

function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );
}

export function messagingWebhookRoutes(container: Container): Router {
  const router = Router();
  const { config } = container;
  const form = express.urlencoded({ extended: false, limit: '100kb' });

  const twilioVerified = (req: Request): boolean => {
    if (!config.twilio) return false;
    const params = Object.fromEntries(
      Object.entries(req.body as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
    return verifyTwilioSignature({
      authToken: config.twilio.authToken,
      url: `${config.publicBaseUrl}${req.originalUrl}`,
      params,
      signature: req.headers['x-twilio-signature'] as string | undefined,
    });
  };

  // POST /webhooks/twilio/status — Twilio's delivery status callback for a message we sent.
  router.post('/webhooks/twilio/status', form, async (req: Request, res: Response) => {
    if (!config.twilio) return void res.status(404).send('Twilio is not configured');
    if (!twilioVerified(req)) return void res.status(403).send('Invalid signature');
    const body = req.body as Record<string, string>;
    const status = TWILIO_STATUS[body.MessageStatus ?? ''];
    if (status && body.MessageSid) {
      await applyDeliveryReport(
        {
          provider: 'twilio',
          providerMessageId: body.MessageSid,
          messageId: null,
          status,
          errorCode: body.ErrorCode ?? null,
          errorMessage: body.ErrorCode ? `Twilio error ${body.ErrorCode}` : null,
          markUnusable: false,
        },
        container.messagingDeps(),
      );
    }
    res.status(204).end();
  });

  // POST /webhooks/twilio/inbound — a patient's SMS reply: STOP / START / HELP.
  router.post('/webhooks/twilio/inbound', form, async (req: Request, res: Response) => {
    if (!config.twilio) return void res.status(404).send('Twilio is not configured');
    if (!twilioVerified(req)) return void res.status(403).send('Invalid signature');
    const body = req.body as Record<string, string>;
    const outcome = await handleInboundSms(
      { from: body.From ?? '', body: body.Body ?? '' },
      {
        ...container.messagingDeps(),
        findPatientsByPhone: (phone) => container.unsafeFindPatientsByPhone(phone),
      },
    );
    res
      .type('text/xml')
      .send(
        outcome.reply
          ? `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${escapeXml(outcome.reply)}</Message></Response>`
          : '<?xml version="1.0" encoding="UTF-8"?><Response/>',
      );
  });

  // POST /webhooks/sendgrid/events — SendGrid's signed Event Webhook (a JSON array of events).
  router.post(
    '/webhooks/sendgrid/events',
    express.raw({ type: () => true, limit: '5mb' }),
    async (req: Request, res: Response) => {
      if (!config.sendgrid?.webhookPublicKey)
        return void res.status(404).send('SendGrid event webhook is not configured');
      const payload = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const ok = verifySendGridSignature({
        publicKeyBase64: config.sendgrid.webhookPublicKey,
        payload,
        signature: req.headers['x-twilio-email-event-webhook-signature'] as string | undefined,
        timestamp: req.headers['x-twilio-email-event-webhook-timestamp'] as string | undefined,
      });
      if (!ok) return void res.status(403).send('Invalid signature');
      let events: Array<Record<string, unknown>>;
      try {
        const parsed: unknown = JSON.parse(payload.toString('utf8'));
        events = Array.isArray(parsed) ? (parsed as Array<Record<string, unknown>>) : [];
      } catch {
        return void res.status(400).send('Body is not JSON');
      }
      for (const event of events) {
        const report = sendgridReport(event);
        if (report) await applyDeliveryReport(report, container.messagingDeps());
      }
      res.status(204).end();
    },
  );

  return router;
}

function sendgridReport(event: Record<string, unknown>): DeliveryReport | null {
  const sgId = typeof event.sg_message_id === 'string' ? event.sg_message_id.split('.')[0]! : '';
  const messageId = typeof event.message_id === 'string' ? event.message_id : null;
  const reason = typeof event.reason === 'string' ? event.reason : null;
  const base = {
    provider: 'sendgrid',
    providerMessageId: sgId,
    messageId,
    errorCode: null,
    errorMessage: null,
    markUnusable: false,
  };
  switch (event.event) {
    case 'delivered':
      return { ...base, status: 'delivered' };
    case 'bounce':
      return {
        ...base,
        status: 'failed',
        errorCode: 'bounce',
        errorMessage: reason,
        markUnusable: event.type !== 'blocked',
      };
    case 'dropped':
      return {
        ...base,
        status: 'failed',
        errorCode: 'dropped',
        errorMessage: reason,
        markUnusable: /bounce|invalid|spam/i.test(reason ?? ''),
      };
    case 'spamreport':
      return {
        ...base,
        status: 'delivered',
        errorCode: 'spamreport',
        errorMessage: 'The recipient reported this email as spam',
        markUnusable: true,
      };
    default:
      return null; // processed, deferred, open, click, …: nothing to change
  }
}
