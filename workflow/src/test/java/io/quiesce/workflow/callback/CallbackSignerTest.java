package io.quiesce.workflow.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CallbackSignerTest {

    /** The Standard Webhooks libraries' own test vector: a receiver using them verifies Quiesce's signature. */
    @Test
    void signsAsTheStandardWebhooksSpecification() {
        CallbackSigner signer = new CallbackSigner(Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));

        String signature = signer.sign(
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void anotherTimestampOrBodyGivesAnotherSignature() {
        CallbackSigner signer = new CallbackSigner(new byte[32]);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        assertThat(signer.sign("id", 1, body))
                .isNotEqualTo(signer.sign("id", 2, body))
                .isNotEqualTo(signer.sign("id", 1, "{ }".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(signer.sign("id", 1, body));
    }
}
