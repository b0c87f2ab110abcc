#pragma once
// Identifiers from the operating system's CSPRNG (libsodium's randombytes).

#include <cstddef>
#include <string>

namespace taskbox::core {

// Makes libsodium usable; idempotent and thread-safe. Throws when it cannot start.
void ensure_sodium();

// A random RFC 4122 version 4 UUID in lower-case canonical form.
std::string new_uuid_v4();

// `count` random bytes.
std::string random_bytes(std::size_t count);

// `bytes` random bytes as lower-case hex (2 * bytes characters).
std::string random_hex(std::size_t bytes);

// `count` random characters from [A-Za-z0-9], each drawn uniformly (Better Auth's
// session tokens and ids have this shape).
std::string random_alphanumeric(std::size_t count);

}  // namespace taskbox::core
