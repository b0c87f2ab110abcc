#include "server.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <utility>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>

#include "auth_routes.h"
#include "auth_service.h"
#include "better_auth_routes.h"
#include "authenticator.h"
#include "data_dir.h"
#include "health_routes.h"
#include "http.h"
#include "http_server.h"
#include "log.h"
#include "metrics.h"
#include "metrics_routes.h"
#include "problem.h"
#include "router.h"
#include "static_routes.h"
#include "task_routes.h"
#include "tls.h"
#include "taskbox/core/encoding.h"
#include "taskbox/core/error.h"
#include "taskbox/core/jwt.h"
#include "taskbox/core/waiting.h"
#include "taskbox/core/password.h"
#include "taskbox/storage/store.h"
#include "ui_bundle.h"
#include "worker_pool.h"

namespace taskbox::app {
namespace {

constexpr std::size_t kMaxBody = 1024 * 1024;
// Threads serve requests, not connections (idle keep-alive connections wait in one epoll),
// and only a few requests run at once; a thread beyond those is one waiting for a slow
// client, the password hasher or the writer's commit. The limit bounds those waits; a
// thousand clients trickling their requests at once each get a thread.
constexpr unsigned kDefaultMaxThreads = 1024;

unsigned hardware_threads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 2 : n;
}

unsigned max_threads(const Config& config) { return config.threads ? config.threads : kDefaultMaxThreads; }

// Requests that use the CPU at once (worker_pool.h): two per core, so a request that
// blocks briefly (a page fault, a log write, a reader connection) leaves no core idle.
// Measured with 1000 connections on 2 cores (README, "Where the tail came from").
unsigned running_requests() { return 2 * hardware_threads(); }

// Security events get their own log line (failed login, rate limit, bad token, denial).
// The current thread's request reached handle(): it was parsed and its body read whole.
thread_local bool t_routed = false;

const char* audit_event(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::invalid_credentials: return "login_failed";
    case core::ErrorCode::too_many_attempts: return "login_rate_limited";
    case core::ErrorCode::invalid_token: return "token_rejected";
    case core::ErrorCode::token_expired: return "token_expired";
    case core::ErrorCode::forbidden: return "access_forbidden";
    case core::ErrorCode::csrf_rejected: return "csrf_rejected";
    case core::ErrorCode::invalid_callback_url: return "csrf_rejected";
    case core::ErrorCode::busy: return "hashing_busy";
    case core::ErrorCode::task_limit_reached: return "task_limit_reached";
    default: return nullptr;
  }
}

bool is_unsafe_method(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// The contract's origin rule: a write under /api that does not carry a Bearer token
// (login, register, logout and every cookie-authenticated request) must come from our
// own origin or one the operator trusts. A browser sends cookies, and form posts, cross-site; only a Bearer header
// proves the caller chose to send what it sends.
void check_origin_rule(const httplib::Request& req, const ClientTrust& trust) {
  if (!is_api_path(req.path) || !is_unsafe_method(req.method) || !bearer_token(req).empty()) return;
  if (!is_trusted_origin_request(req, trust)) {
    throw core::Error(core::ErrorCode::csrf_rejected, "Cross-origin request rejected");
  }
}

// A CORS preflight (OPTIONS with Access-Control-Request-Method) for the API from a
// trusted origin: answered here, 204, before routing; any other OPTIONS is routed (405).
bool answer_preflight(const httplib::Request& req, httplib::Response& res, const ClientTrust& trust) {
  if (req.method != "OPTIONS" || !is_api_path(req.path) || !req.has_header("Access-Control-Request-Method") ||
      !trusted_cross_origin(req, trust)) {
    return false;
  }
  res.status = 204;
  res.set_header("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE");
  res.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type");
  res.set_header("Access-Control-Max-Age", "600");
  // NOTE: Allow-Origin and Allow-Credentials come with every API answer (add_cors_headers).
  return true;
}

// Credentialed CORS for a trusted origin on every API answer, errors included, so its
// pages can read them; never "*", which browsers refuse with credentials anyway. Answers
// differ by Origin whenever origins are trusted, so caches are told.
void add_cors_headers(const httplib::Request& req, httplib::Response& res, const ClientTrust& trust) {
  if (trust.trusted_origins.empty() || !is_api_path(req.path)) return;
  // NOTE: set_header adds a line; an answer keeps one of each of these.
  const std::string vary = res.get_header_value("Vary");
  res.headers.erase("Vary");
  res.set_header("Vary", vary.empty() ? "Origin" : vary + ", Origin");
  const auto origin = trusted_cross_origin(req, trust);
  if (!origin) return;
  res.set_header("Access-Control-Allow-Origin", *origin);
  res.set_header("Access-Control-Allow-Credentials", "true");
  // NOTE: the headers Better Auth's bearer and JWT plugins hand tokens to a client in
  // (their routes name the ones they send, as Better Auth does; here every answer does).
  res.headers.erase("Access-Control-Expose-Headers");
  res.set_header("Access-Control-Expose-Headers", "set-auth-token, set-auth-jwt");
}

// 16 to 64 bytes keying the hash under which login attempts store emails; derived
// from the JWT secret so it is stable across restarts without another file.
std::string attempt_key(const std::string& secret) {
  return core::sha256_digest("taskbox login attempts\n" + secret);
}

void set_if_absent(httplib::Response& res, const char* name, const char* value) {
  if (!res.has_header(name)) res.set_header(name, value);
}

// Which route answered the request this thread serves, from handle() to the metrics
// recorded just before the answer is written (the library's handlers take no context).
thread_local std::size_t answering_route = Router::kNoRoute;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// NOTE: our own options instead of the library's default, which sets SO_REUSEPORT and
// so would let a second server bind a port that is already taken.
void socket_options(int sock) {
  const int on = 1;
  ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

}  // namespace

struct Server::Impl {
  Impl(const Config& c, UiBundle bundle, HttpServer& server)
      : config(c),
        trust{c.trusted_proxies, c.public_url, server.speaks_tls(), c.trusted_origins},
        store(open_store(c)),
        metrics(Metrics::Gauges{[this] { return static_cast<double>(http.connections().open()); },
                                [this] {
                                  const auto bytes = store->disk_bytes();
                                  return bytes ? std::optional<double>(static_cast<double>(*bytes)) : std::nullopt;
                                }}),
        hasher(core::PasswordCost::interactive(), core::HashingLimits{0, c.hash_queue, std::chrono::seconds(5)}),
        jwt(c.secret, c.issuer, c.clock, c.jwt_audience),
        sessions(store->sessions(), c.secret, c.clock),
        signing_keys(store->jwks(), c.secret, c.clock, key_rotation(c)),
        eddsa(signing_keys, c.clock),
        authenticator(jwt, store->users(), sessions, &eddsa),
        auth(AuthService::Deps{store->users(), store->revocations(), store->login_attempts(), store->registrations(),
                               store->sessions(), hasher, jwt, c.clock,
                               c.token_ttl, auth_limits(c), attempt_key(c.secret), metrics}),
        ui(std::make_shared<const UiBundle>(std::move(bundle))),
        health([this] { return store->ping(); }),
        http(server) {
    bind_health_routes(router, health);
    bind_auth_routes(router, AuthRouteDeps{auth, authenticator, trust, c.cookie_secure});
    bind_better_auth_routes(router, BetterAuthRouteDeps{auth, sessions, signing_keys, eddsa, trust, c.cookie_secure});
    bind_task_routes(router, TaskRouteDeps{store->tasks(), authenticator, trust, c.clock, c.max_tasks_per_user});
    bind_metrics_routes(router, metrics, c.metrics_token);
    bind_static_routes(router, ui);
    route_metrics = std::make_unique<RouteMetricsTable>(metrics, router.routes());
    configure_http();
  }

  static std::unique_ptr<storage::Store> open_store(const Config& c) {
    storage::StoreOptions options;
    options.database_url = c.database_url;
    options.sqlite_file = database_file(c.data_dir);
    // NOTE: a SQLite reader holds a core while it works. A PostgreSQL connection mostly
    // waits for the network: by Little's law, 2 round trips of 2 ms per request (a
    // hosted database nearby) at 2 000 requests/s keep 8 connections busy.
    options.connections = c.database_url.empty() ? std::max(4u, 2 * hardware_threads())
                                                 : std::max(8u, 4 * hardware_threads());
    return storage::open_store(options);
  }

  static KeyRotation key_rotation(const Config& c) {
    return KeyRotation{std::chrono::milliseconds(c.jwks_rotation).count(), std::chrono::milliseconds(c.jwks_grace).count()};
  }

  static AuthLimits auth_limits(const Config& c) {
    const std::int64_t login_window_ms = c.login_window.count() * 1000;
    return AuthLimits{{c.login_max_failures, login_window_ms},
                      {c.login_max_failures_per_address, login_window_ms},
                      {c.register_max, c.register_window.count() * 1000}};
  }

  void configure_http();
  void configure_metrics_listener(HttpServer& listener);
  void handle(const httplib::Request& req, httplib::Response& res) const;
  void warn_about_untrusted_forwarding(const httplib::Request& req) const;
  void add_security_headers(const httplib::Request& req, httplib::Response& res) const;
  // `seconds`: since the request began to arrive.
  void record_answer(const httplib::Request& req, const httplib::Response& res, double seconds) const;
  void log_request(const httplib::Request& req, const httplib::Response& res, double seconds) const;

  Config config;
  ClientTrust trust;
  std::unique_ptr<storage::Store> store;
  mutable Metrics metrics;  // NOTE: counts from const request paths; thread-safe
  core::PasswordHasher hasher;
  core::JwtCodec jwt;
  SessionService sessions;
  SigningKeys signing_keys;
  BetterAuthJwt eddsa;
  Authenticator authenticator;
  AuthService auth;
  std::shared_ptr<const UiBundle> ui;
  HealthProbe health;
  Router router;
  std::unique_ptr<RouteMetricsTable> route_metrics;
  HttpServer& http;
  mutable std::atomic<bool> warned_about_forwarding{false};
};

void Server::Impl::configure_http() {
  http.set_payload_max_length(kMaxBody);
  http.set_keep_alive_max_count(10000);
  // NOTE: per read and per write; HttpServer bounds the whole request and answer.
  http.set_read_timeout(10);
  http.set_write_timeout(10);

  const auto handler = [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); };
  http.Get(".*", handler);
  http.Post(".*", handler);
  http.Put(".*", handler);
  http.Patch(".*", handler);
  http.Delete(".*", handler);
  http.Options(".*", handler);
  // Methods the library parses but does not route (TRACE, CONNECT): 404/405 like the rest.
  http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "TRACE" || req.method == "CONNECT" || req.method == "PRI") {
      handle(req, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  // Errors the library answers itself (malformed request, body over 1 MiB, a request
  // that ran out of time to arrive, ...).
  http.set_error_handler([this](const httplib::Request&, httplib::Response& res) {
    if (HttpServer::current_request_timed_out()) {
      metrics.count_refusal(Limit::request_timeout);
      res.set_header("Connection", "close");
      send_problem(res, core::Error(core::ErrorCode::request_timeout, "The request took too long to arrive"));
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    send_status_problem(res, res.status);
    return httplib::Server::HandlerResponse::Handled;
  });
  http.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
    log::error("unhandled exception", {{"method", req.method}, {"path", req.path}});
    send_status_problem(res, 500);
  });
  // NOTE: the access line is written here, where the library would call its logger (just
  // before the answer goes out), but without the library's logger mutex: with it, every
  // worker queued on one lock per request, and a holder preempted mid-write stalled them
  // all (measured: a fifth of all futex waits under load, and most of the p99).
  http.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (std::exchange(t_routed, false)) http.keep_alive_after_error(req, res);
    add_security_headers(req, res);
    const double seconds = seconds_since(HttpServer::current_request_started());
    record_answer(req, res, seconds);
    if (config.access_log) log_request(req, res, seconds);
  });
  http.on_connection_refused([this] { metrics.count_refusal(Limit::connections); });
}

void Server::Impl::configure_metrics_listener(HttpServer& listener) {
  listener.set_read_timeout(10);
  listener.set_write_timeout(10);
  serve_metrics_only(listener, metrics);
  if (config.access_log) {
    listener.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      log_request(req, res, seconds_since(HttpServer::current_request_started()));
    });
  }
}

void Server::Impl::handle(const httplib::Request& req, httplib::Response& res) const {
  t_routed = true;
  answering_route = Router::kNoRoute;
  try {
    warn_about_untrusted_forwarding(req);
    if (answer_preflight(req, res, trust)) return;
    check_origin_rule(req, trust);
    router.dispatch(req, res, answering_route);
  } catch (const core::Error& e) {
    // NOTE: the login and registration limits are counted by AuthService, which knows which one refused.
    if (e.code() == core::ErrorCode::task_limit_reached) metrics.count_refusal(Limit::task_quota);
    if (const char* event = audit_event(e.code())) {
      const std::string client = client_address(req, trust);  // NOTE: Fields only views it
      log::Fields fields{{"event", event}, {"client", client}, {"method", req.method},
                         {"path", req.path}, {"code", core::code_name(e.code())}};
      if (!e.log_detail().empty()) fields.emplace_back("detail", e.log_detail());
      log::warn("security event", fields);
    } else if (http_status(e.code()) >= 500) {
      log::error("request failed", {{"method", req.method}, {"path", req.path}, {"error", e.log_detail()}});
    }
    res.headers.erase("Set-Cookie");
    send_error(res, e, router.error_style(req.path));
  } catch (const std::exception& e) {
    log::error("unhandled exception", {{"method", req.method}, {"path", req.path}, {"error", e.what()}});
    res.headers.clear();
    send_error(res, core::Error(core::ErrorCode::internal_error, "Internal server error"), router.error_style(req.path));
  }
}

// A proxy in front of taskbox that is not listed in TASKBOX_TRUSTED_PROXIES makes every
// client one address (one set of per-address limits); say so once instead of silently.
void Server::Impl::warn_about_untrusted_forwarding(const httplib::Request& req) const {
  if (!req.has_header("X-Forwarded-For") || warned_about_forwarding.load(std::memory_order_relaxed)) return;
  if (std::find(trust.trusted_proxies.begin(), trust.trusted_proxies.end(), req.remote_addr) !=
      trust.trusted_proxies.end()) {
    return;
  }
  if (warned_about_forwarding.exchange(true)) return;
  log::warn("ignoring X-Forwarded-For from a peer that is not a trusted proxy; if a proxy runs there, "
            "set TASKBOX_TRUSTED_PROXIES to its address, or every client behind it shares one address and its limits",
            {{"peer", req.remote_addr}});
}

void Server::Impl::add_security_headers(const httplib::Request& req, httplib::Response& res) const {
  set_security_headers(res);
  add_cors_headers(req, res, trust);
  if (is_api_path(req.path) || req.path == "/healthz" || req.path == "/metrics") {
    set_if_absent(res, "Cache-Control", "no-store");
  }
  if (is_https(req, trust)) set_if_absent(res, "Strict-Transport-Security", "max-age=31536000");
}

// Runs for every answer, the library's own (400, 408, 413) included, just before it is written.
void Server::Impl::record_answer(const httplib::Request& req, const httplib::Response& res, double seconds) const {
  const std::size_t answered = std::exchange(answering_route, Router::kNoRoute);
  route_metrics->answered_by(answered, req.method).record(res.status, seconds);
}

void Server::Impl::log_request(const httplib::Request& req, const httplib::Response& res, double seconds) const {
  const double ms = 1000 * seconds;
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.3f", ms);
  const std::string status = std::to_string(res.status);
  // NOTE: req.path has no query string; headers (Authorization, Cookie) are never logged.
  log::info("request", {{"method", req.method}, {"path", req.path}, {"status", status},
                        {"duration_ms", duration}, {"client", client_address(req, trust)}});
}

namespace {

// Binds a listening socket; returns the port. Throws ConfigError with the reason.
int bind_socket(HttpServer& http, const ListenAddress& address, const std::string& what) {
  http.set_socket_options(socket_options);
  http.set_tcp_nodelay(true);
  errno = 0;
  const int port = address.port == 0 ? http.bind_to_any_port(address.host)
                                     : (http.bind_to_port(address.host, address.port) ? address.port : -1);
  if (port < 0) {
    const int error = errno;
    const std::string why = error == EADDRINUSE ? "the port is already in use"
                            : error != 0         ? std::strerror(error)
                                                 : "the address cannot be used";
    throw ConfigError("cannot listen " + what + "on " + address.host + ":" + std::to_string(address.port) + ": " + why);
  }
  return port;
}

std::shared_ptr<TlsContext> load_tls(const Config& config) {
  if (!config.tls_cert || !config.tls_key) return nullptr;
  return std::make_shared<TlsContext>(*config.tls_cert, *config.tls_key);
}

// The metrics listener serves one scraper or a few: a handful of workers, each address
// limited, requests bounded in time like the main port's.
ConnectionRules metrics_listener_rules(const Config& config) {
  return ConnectionRules{.request_timeout = config.request_timeout, .max_per_address = 4, .max_connections = 8};
}

// Stops `server` once its accept loop runs (a stop() before that would be lost), unless
// the loop already ended on its own.
void stop_once_running(HttpServer& server, const std::atomic<bool>& ended) {
  while (!ended) {
    if (server.is_running()) {
      server.stop();
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

Server::Server(const Config& config)
    : tls_(load_tls(config)),
      http_(std::make_unique<HttpServer>(ConnectionRules{.request_timeout = config.request_timeout,
                                                         .max_per_address = config.max_connections_per_address,
                                                         .exempt_addresses = config.trusted_proxies,
                                                         .max_connections = max_threads(config),
                                                         .running_requests = running_requests()},
                                         tls_)) {
  core::set_waiting_hooks({&WorkerPool::step_aside, &WorkerPool::step_back});
  // Checks that create nothing come first, so a failed start leaves no files behind.
  UiBundle ui = config.ui_dir ? UiBundle::from_directory(*config.ui_dir) : UiBundle::embedded();
  port_ = bind_socket(*http_, ListenAddress{config.host, config.port}, "");
  if (config.metrics_listen) {
    metrics_http_ = std::make_unique<HttpServer>(metrics_listener_rules(config));
    metrics_port_ = bind_socket(*metrics_http_, *config.metrics_listen, "for metrics ");
  }
  const bool uses_data_dir = config.database_url.empty();
  if (uses_data_dir) {
    prepare_data_dir(config.data_dir);
    data_dir_lock_ = DataDirLock::try_acquire(config.data_dir);
    if (!data_dir_lock_) {
      throw ConfigError("data directory '" + config.data_dir.string() + "' is in use by another taskbox server (" +
                        DataDirLock::file_in(config.data_dir).string() + " is locked)");
    }
  } else if (config.secret.empty()) {
    // NOTE: instances sharing a database must sign with one secret, or a token one of them
    // issued would be refused by the next; a secret generated per machine cannot be that.
    throw ConfigError("--database-url needs BETTER_AUTH_SECRET (or TASKBOX_JWT_SECRET), the same for every instance");
  }
  Config effective = config;
  if (effective.secret.empty()) effective.secret = load_or_create_secret(config.data_dir);
  impl_ = std::make_unique<Impl>(effective, std::move(ui), *http_);
  if (metrics_http_) impl_->configure_metrics_listener(*metrics_http_);
  if (uses_data_dir) restrict_database_files(config.data_dir);
}

Server::~Server() = default;

bool Server::listen() {
  if (!metrics_http_) return http_->listen_after_bind();
  std::atomic<bool> metrics_ended{false};
  std::thread metrics([this, &metrics_ended] {
    metrics_http_->listen_after_bind();
    metrics_ended = true;
  });
  const bool clean = http_->listen_after_bind();
  stop_once_running(*metrics_http_, metrics_ended);
  metrics.join();
  return clean;
}

void Server::stop() { http_->stop(); }

bool Server::reload_tls() {
  if (!tls_) return false;
  tls_->reload();
  return true;
}

const char* Server::scheme() const { return tls_ ? "https" : "http"; }

void Server::wait_until_ready() const { http_->wait_until_ready(); }

std::vector<RouteInfo> Server::routes() const { return impl_->router.routes(); }

}  // namespace taskbox::app
