// SPDX-License-Identifier: GPL-2.0-or-later
//
// The session model: the stage between the flow layer and the outputs.
// Sessions finish in the order they end; the model hands them on in the
// order they began, with what only the set of sessions can tell attached:
// links found after a session ended (a later connection resumed it or
// followed its redirect) and the findings of follow-ups that never came
// (Session::Awaiting).  It knows no protocol and no output format.
#pragma once

#include <memory>

#include "tracelab/session.hpp"

namespace tracelab {

/// A SessionSink that orders sessions by id and completes them before
/// passing them to `out`.  A session is held until every lower id has been
/// passed on, it ended 10 s (capture time) ago, so that links found soon
/// after reach it, and its follow-ups are met or overdue, with a bound on how
/// many are held (past it the oldest goes on at once), so memory stays
/// bounded on long captures.  finish() passes on the rest, then calls
/// out.finish().
std::unique_ptr<SessionSink> make_session_model(SessionSink& out);

}  // namespace tracelab
