// SPDX-License-Identifier: GPL-2.0-or-later
//
// The ids Wireshark gives the plugin's protocol, fields, subtrees and expert
// infos when they are registered (registration.cpp), used when a frame's
// tree is built (frame_tree.cpp).
#pragma once

#include "ws.hpp"

namespace tracelab::wsplugin {

struct FieldIds {
  int proto = -1;
  int session = -1, session_protocol = -1;
  int step = -1, command = -1, outcome = -1, answers = -1, text = -1, note = -1,
      secret = -1;
  int finding = -1, finding_severity = -1, finding_text = -1;
  int related = -1, related_why = -1;
  int artifact = -1, artifact_kind = -1, artifact_sha256 = -1,
      artifact_size = -1;
  int grade_criterion = -1, grade_result = -1, grade_points = -1,
      grade_feedback = -1;
  int problem = -1;
  int ett_tracelab = -1, ett_step = -1, ett_finding = -1, ett_artifact = -1,
      ett_grade = -1;
  expert_field ei_error = EI_INIT, ei_warning = EI_INIT, ei_info = EI_INIT,
               ei_grade_fail = EI_INIT, ei_problem = EI_INIT;
};

FieldIds& ids();

}  // namespace tracelab::wsplugin
