export * from './ids/opaque-ids.ts';
export * from './voice/ncco.ts';
export * from './voice/voice-flow.ts';
export * from './webhooks/webhook-signature.ts';
export * from './identity/index.ts';
export * from './desk/live-delivery.ts';
