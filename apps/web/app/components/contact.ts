// Why a patient can't be reached on a channel (null when they can): the same reasons the server
// gives when it refuses a send, for the forms that offer the channels.
export type Contact = {
  email: string | null;
  phone: string | null;
  canReceiveEmail: boolean;
  canReceiveSms: boolean;
  smsOptedOut: boolean;
  emailOptedOut: boolean;
};

export function channelProblem(patient: Contact | null, channel: 'email' | 'sms'): string | null {
  if (!patient) return 'choose a patient first';
  if (channel === 'email') {
    if (!patient.email) return 'no email address on file';
    if (patient.emailOptedOut) return 'unsubscribed from email';
    if (!patient.canReceiveEmail) return 'the email address bounced';
  } else {
    if (!patient.phone) return 'no mobile number on file';
    if (patient.smsOptedOut) return 'replied STOP to texts';
    if (!patient.canReceiveSms) return 'cannot receive texts';
  }
  return null;
}
