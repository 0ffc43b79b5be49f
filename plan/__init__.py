"""The improvement plan (verbeterplan): actions with owners and due dates, the four-eyes approvals of decisions,
the adoption of the SoA, auditor findings and the reminders that follow them up."""
