#pragma once
// systemd's readiness protocol (sd_notify): a datagram to $NOTIFY_SOCKET. Written here
// in a few lines instead of linking libsystemd, so the binary needs nothing more to run
// outside systemd. Without NOTIFY_SOCKET every call does nothing.

#include <string_view>

namespace taskbox::app {

// Sends `state` (e.g. "READY=1", "STOPPING=1"); false when the socket is set but the
// message could not be sent.
bool notify_service_manager(std::string_view state);

}  // namespace taskbox::app
