#pragma once
// Internal: the database URL, checked before any connection is tried.

#include <string>

namespace taskbox::storage::postgres::detail {

// Throws core::Error when `url` is not a postgres:// or postgresql:// URL libpq accepts;
// its log detail says what is wrong, with the URL's password (if any) masked.
void check_url(const std::string& url);

// `text` with every form of `url`'s password (as written, percent-decoded) masked, for
// messages that may quote the URL.
std::string without_password(std::string text, const std::string& url);

}  // namespace taskbox::storage::postgres::detail
