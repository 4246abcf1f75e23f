#pragma once
// The Boost.Asio headers this library and its tests use, read with GCC's -Wnull-dereference
// silenced. GCC 12 reports a false positive inside Asio's own scheduler (scheduler.ipp, in
// compensating_work_started()) once the epoll reactor is inlined into a file that uses sockets.
// Diagnostic pragmas follow the location of the warning, so they must surround the first
// inclusion: every file of this library and its tests includes Asio through this header only.

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#pragma GCC diagnostic pop
