#include "taskbox/app/cli.h"

#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <thread>

#include "admin_commands.h"
#include "config.h"
#include "log.h"
#include "readiness.h"
#include "server.h"
#include "taskbox/core/error.h"

#ifndef TASKBOX_VERSION
#define TASKBOX_VERSION "0.0.0"
#endif

namespace taskbox::app {
namespace {

// One line on stderr; a JSON log line once --log-format json is in force, so that a
// collector reading the log can parse every line.
void print_error(const std::string& message, log::Format format = log::Format::text) {
  if (format == log::Format::json) {
    log::error("taskbox: error: " + message);
    return;
  }
  std::cerr << "taskbox: error: " << message << std::endl;
}

std::string display_url(const char* scheme, const std::string& host, int port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return std::string(scheme) + "://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

// SIGHUP: a renewed certificate is taken without a restart; a bad one changes nothing.
void reload(Server& server) {
  try {
    if (server.reload_tls()) {
      log::info("reloaded the TLS certificate and key");
    } else {
      log::info("SIGHUP: nothing to reload (no --tls-cert)");
    }
  } catch (const ConfigError& e) {
    log::error("could not reload TLS; keeping the current certificate", {{"error", e.what()}});
  }
}

// Each connection holds a descriptor; the usual soft limit of 1024 would make accept()
// fail before the connection limits get to refuse anyone politely.
void raise_open_file_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

int serve(const Config& config) {
  log::set_format(config.log_format);
  // The database, its journals and the secret are the owner's alone, whatever umask
  // the server was started with (0022 outside systemd would leave them world-readable).
  ::umask(077);
  raise_open_file_limit();

  // Block the shutdown signals before any thread starts, so every thread inherits the
  // mask and only the waiter below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  sigaddset(&signals, SIGUSR1);  // NOTE: sent by ourselves to release the waiter
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Server server(config);
  std::cout << "taskbox listening on " << display_url(server.scheme(), config.host, server.port()) << std::endl;
  if (config.metrics_listen) {
    log::info("serving metrics",
              {{"url", display_url("http", config.metrics_listen->host, server.metrics_port()) + "/metrics"}});
  }
  // The socket listens since construction: connections queue until listen() takes them.
  if (!notify_service_manager("READY=1")) log::warn("could not tell the service manager that taskbox is ready");

  std::atomic<bool> stop_requested{false};
  std::thread waiter([&server, &signals, &stop_requested] {
    int received = 0;
    while (sigwait(&signals, &received) == 0 && received == SIGHUP) reload(server);
    if (received != SIGUSR1) {
      log::info("shutting down", {{"signal", received == SIGTERM ? "SIGTERM" : "SIGINT"}});
      stop_requested = true;
      notify_service_manager("STOPPING=1");
      server.stop();
    }
  });
  const bool clean = server.listen();
  pthread_kill(waiter.native_handle(), SIGUSR1);
  waiter.join();
  if (!clean && !stop_requested) {
    // NOTE: the accept loop gave up (ENFILE, ENOBUFS, ...); exiting non-zero lets a
    // supervisor (systemd's Restart=on-failure) start a fresh process.
    log::error("the listening socket failed; stopping so that a supervisor can restart taskbox");
    return 1;
  }
  log::info("stopped");
  return 0;
}

}  // namespace

int run_cli(int argc, char** argv) {
  Invocation invocation;
  try {
    invocation = parse_invocation(std::vector<std::string>(argv + 1, argv + argc), process_environment());
  } catch (const ConfigError& e) {
    print_error(e.what());
    return 2;  // a usage mistake
  }
  switch (invocation.command) {
    case Command::version:
      std::cout << "taskbox " << TASKBOX_VERSION << std::endl;
      return 0;
    case Command::help:
      std::cout << usage();
      return 0;
    default:
      break;
  }
  const log::Format format = invocation.config.log_format;
  try {
    if (invocation.command == Command::serve) return serve(invocation.config);
    return run_admin_command(invocation);
  } catch (const core::Error& e) {
    print_error(e.log_detail().empty() ? e.detail() : e.log_detail(), format);
  } catch (const std::exception& e) {
    print_error(e.what(), format);
  }
  return 1;  // could not start, or the command failed
}

}  // namespace taskbox::app
