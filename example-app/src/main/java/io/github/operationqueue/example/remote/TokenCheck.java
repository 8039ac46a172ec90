package io.github.operationqueue.example.remote;

/** What the stand-in remote API makes of the bearer token a request presents. */
public enum TokenCheck {

    /** Issued and not expired. */
    VALID,

    /** Issued, and expired: the first request that presents it after its expiry counts as meeting the expiry. */
    EXPIRED,

    /** Never issued, no longer remembered (already reported as expired), or missing. */
    UNKNOWN

}
