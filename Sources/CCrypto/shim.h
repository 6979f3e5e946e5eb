#ifndef ONESPIN_CCRYPTO_SHIM_H
#define ONESPIN_CCRYPTO_SHIM_H
#include <openssl/sha.h>
#include <openssl/hmac.h>
#include <openssl/evp.h>
#include <openssl/crypto.h>
#endif
