/* hmac.c: X-Turn-Hook-Signature, base64(HMAC-SHA256(secret, raw body)), signed and verified. */
#include "floip.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>

int fl_sign(const char *secret, const void *body, size_t len, char out[FL_SIGNATURE_SIZE])
{
    if (!secret || (!body && len) || !out) return FL_EINVAL;
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    static const unsigned char empty[1] = {0};
    if (!HMAC(EVP_sha256(), secret, (int)strlen(secret), body ? body : empty, len, mac, &n))
        return FL_ENOMEM;
    EVP_EncodeBlock((unsigned char *)out, mac, (int)n); /* 32 bytes -> 44 chars + NUL */
    return 0;
}

int fl_verify(const char *secret, const void *body, size_t len, const char *signature)
{
    if (!signature) return FL_EINVAL;
    char expected[FL_SIGNATURE_SIZE];
    int rc = fl_sign(secret, body, len, expected);
    if (rc < 0) return rc;
    /* Equal lengths first (length is public), then every byte, in constant time. */
    if (strlen(signature) != FL_SIGNATURE_SIZE - 1) return FL_EMISMATCH;
    return CRYPTO_memcmp(expected, signature, FL_SIGNATURE_SIZE - 1) == 0 ? 0 : FL_EMISMATCH;
}
