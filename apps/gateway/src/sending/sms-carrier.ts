/** What the carrier made of one send request. */
export type CarrierSendResult =
  /** Accepted for delivery, with the carrier's id for later receipts. */
  | { kind: 'accepted'; carrierMessageId: string }
  /** Certainly not accepted (throttled, the carrier failing, nothing listening): safe to try again. */
  | { kind: 'retry-later'; status: number | undefined; retryAfterMs: number | undefined; detail: string }
  /** Refused for good (invalid recipient, barred, ...): trying again fails the same way. */
  | { kind: 'rejected'; status: number; code: string; title: string; detail: string }
  /** No answer (a timeout, a dropped connection): the carrier may or may not have it. */
  | { kind: 'unknown'; detail: string };

export interface OutboundSms {
  from: string;
  to: string;
  text: string;
  /** Parley's message id, echoed in every receipt. */
  clientRef: string;
}

/** The one interface the sender uses, so the vendor SDK stays behind this file's implementation. */
export abstract class SmsCarrier {
  abstract send(message: OutboundSms): Promise<CarrierSendResult>;
}
