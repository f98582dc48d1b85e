// Masked renderings (Redline's own `prefix…last4`, as pasted from a diagnostic into a comment or
// a doc) are not the secret: an ellipsis in the password is a mask, like `****` or `...`.

/** Masked rendering for messages: `postgres://app:Xk2…w9Lq@db.internal`. */
// ok: secret/connection-string-credential
export const maskedInString = 'postgres://app:Xk29…@db.acme.internal:5432/app';

// ok: secret/connection-string-credential
export const dotsInString = 'postgres://app:Xk29...@db.acme.internal:5432/app';

// The same shape with the whole password is still a leak.
// ruleid: secret/connection-string-credential
export const whole = 'postgres://app:Xk29fQ7mLw3pZ8Rt@db.acme.internal:5432/app';
