package io.quiesce.lifecycle.http.auth;

import java.util.Locale;

/** Why a bearer token was refused; the message is fixed text, never anything taken from the token. */
public final class TokenRejected extends Exception {

    public enum Reason {
        OVERSIZED("The token is longer than any this server accepts."),
        MALFORMED("The token is not a signed JWT (three base64url segments with JSON header and claims)."),
        ALGORITHM("The token is not signed with RS256, the only algorithm accepted."),
        UNKNOWN_KEY("The token is signed with a key this server does not know."),
        SIGNATURE("The token's signature is not valid."),
        EXPIRED("The token has expired."),
        NOT_YET_VALID("The token is not valid yet."),
        ISSUER("The token was issued by an issuer this server does not trust."),
        AUDIENCE("The token is not meant for this server (audience)."),
        CLAIMS("The token lacks a user name or has a claim of the wrong type."),
        /** Not the token's fault: the keys could not be loaded, so nothing can be verified now (503). */
        KEYS_UNAVAILABLE("The keys that verify tokens cannot be loaded right now; retry later.");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public TokenRejected(Reason reason) {
        super(reason.description(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
