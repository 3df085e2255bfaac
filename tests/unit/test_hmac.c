/* X-Turn-Hook-Signature: HMAC-SHA256 against RFC 4231, base64, constant-time verification. */
#include "engine/floip.h"

#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <string.h>

/* base64 of the RFC's hex digest, to compare with fl_sign's output. */
static void b64_of_hex(const char *hex, char out[FL_SIGNATURE_SIZE])
{
    unsigned char raw[32];
    for (int i = 0; i < 32; i++) sscanf(hex + 2 * i, "%2hhx", &raw[i]);
    EVP_EncodeBlock((unsigned char *)out, raw, 32);
}

Test(hmac, rfc4231_case_2)
{
    char sig[FL_SIGNATURE_SIZE], want[FL_SIGNATURE_SIZE];
    const char *body = "what do ya want for nothing?";
    cr_assert_eq(fl_sign("Jefe", body, strlen(body), sig), 0);
    b64_of_hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", want);
    cr_assert_str_eq(sig, want);
    cr_assert_str_eq(sig, "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
    cr_assert_eq(fl_verify("Jefe", body, strlen(body), sig), 0);
}

Test(hmac, rfc4231_case_1)
{
    char key[21], sig[FL_SIGNATURE_SIZE], want[FL_SIGNATURE_SIZE];
    memset(key, 0x0b, 20);
    key[20] = '\0';
    cr_assert_eq(fl_sign(key, "Hi There", 8, sig), 0);
    b64_of_hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", want);
    cr_assert_str_eq(sig, want);
}

Test(hmac, rfc4231_case_6_key_longer_than_block)
{
    char key[132], sig[FL_SIGNATURE_SIZE], want[FL_SIGNATURE_SIZE];
    memset(key, 0xaa, 131);
    key[131] = '\0';
    const char *body = "Test Using Larger Than Block-Size Key - Hash Key First";
    cr_assert_eq(fl_sign(key, body, strlen(body), sig), 0);
    b64_of_hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", want);
    cr_assert_str_eq(sig, want);
}

Test(hmac, rfc4231_case_7)
{
    char key[132], sig[FL_SIGNATURE_SIZE], want[FL_SIGNATURE_SIZE];
    memset(key, 0xaa, 131);
    key[131] = '\0';
    const char *body = "This is a test using a larger than block-size key and a larger than "
                       "block-size data. The key needs to be hashed before being used by the "
                       "HMAC algorithm.";
    cr_assert_eq(fl_sign(key, body, strlen(body), sig), 0);
    b64_of_hex("9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2", want);
    cr_assert_str_eq(sig, want);
}

Test(hmac, tampered_body_wrong_secret_and_bad_signatures_fail)
{
    const char *body = "{\"to\":\"+27820000000\",\"turn\":{\"type\":\"text\"}}";
    char sig[FL_SIGNATURE_SIZE];
    cr_assert_eq(fl_sign("s3cret", body, strlen(body), sig), 0);
    cr_assert_eq(fl_verify("s3cret", body, strlen(body), sig), 0);
    char tampered[128];
    strcpy(tampered, body);
    tampered[10] = '9';
    cr_assert_eq(fl_verify("s3cret", tampered, strlen(tampered), sig), FL_EMISMATCH);
    cr_assert_eq(fl_verify("other", body, strlen(body), sig), FL_EMISMATCH);
    cr_assert_eq(fl_verify("s3cret", body, strlen(body), ""), FL_EMISMATCH);
    char truncated[FL_SIGNATURE_SIZE];
    strcpy(truncated, sig);
    truncated[43] = '\0';
    cr_assert_eq(fl_verify("s3cret", body, strlen(body), truncated), FL_EMISMATCH);
    char flipped[FL_SIGNATURE_SIZE];
    strcpy(flipped, sig);
    flipped[0] = flipped[0] == 'A' ? 'B' : 'A';
    cr_assert_eq(fl_verify("s3cret", body, strlen(body), flipped), FL_EMISMATCH);
    cr_assert_eq(fl_verify("s3cret", body, strlen(body), NULL), FL_EINVAL);
}

Test(hmac, empty_body_signs)
{
    char sig[FL_SIGNATURE_SIZE];
    cr_assert_eq(fl_sign("key", NULL, 0, sig), 0);
    /* HMAC-SHA256("key", "") */
    char want[FL_SIGNATURE_SIZE];
    b64_of_hex("5d5d139563c95b5967b9bd9a8c9b233a9dedb45072794cd232dc1b74832607d0", want);
    cr_assert_str_eq(sig, want);
}

Test(hmac, rfc4231_cases_3_and_4)
{
    char key[26], data[51], sig[FL_SIGNATURE_SIZE], want[FL_SIGNATURE_SIZE];
    memset(key, 0xaa, 20), key[20] = '\0';
    memset(data, 0xdd, 50), data[50] = '\0';
    cr_assert_eq(fl_sign(key, data, 50, sig), 0);
    b64_of_hex("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe", want);
    cr_assert_str_eq(sig, want);
    for (int i = 0; i < 25; i++) key[i] = (char)(i + 1);
    key[25] = '\0';
    memset(data, 0xcd, 50);
    cr_assert_eq(fl_sign(key, data, 50, sig), 0);
    b64_of_hex("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b", want);
    cr_assert_str_eq(sig, want);
    cr_assert_eq(fl_verify(key, data, 50, want), 0);
}
