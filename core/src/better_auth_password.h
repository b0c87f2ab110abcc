#pragma once
// Internal: Better Auth's password hashes ("<salt>:<key>", both lowercase hex), as
// better-auth 1.7 writes them (@better-auth/utils/password): scrypt with N=16384, r=16,
// p=1 and a 64-byte key, over the NFKC form of the password, with the salt's hex text
// itself as the salt. Only checked, never written: an imported user's first login
// replaces it with an Argon2id hash.

#include <optional>
#include <string_view>

namespace taskbox::core::detail {

// Whether `encoded` has the shape of a Better Auth hash.
bool is_better_auth_hash(std::string_view encoded);

// Whether `password` matches the Better Auth hash `encoded` (false for any other shape,
// and for a password that is not UTF-8). Costs one scrypt (32 MiB, tens of ms): call it
// inside a hashing slot.
bool verify_better_auth_hash(std::string_view encoded, std::string_view password);

}  // namespace taskbox::core::detail
