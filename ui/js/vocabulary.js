// The one vocabulary of an option's objects (its passenger, financial and
// network impact, and any other), for the window and for Rust alike: the
// orchestrator writes impacts in more than one vocabulary (solution_1's
// `total_passengers`, `delay_minutes`, `total_estimated_cost`; solution_2's
// `affected_count`, `delay_hours`, `total_cost` with a `breakdown`), and
// the window, the Markdown report and the CLI must label them alike.
//
// Between the two markers below is strict JSON: crates/app/src/impacts
// reads it with `include_str!`, so the window and the report cannot
// disagree about a label or a unit. Add a key as one row of `keys`.
//
// `keys`: a key's label and format, in the order they are shown (known
// keys first in this order, then any other key by name). Formats:
//   count    a number, grouped (286, 1,250)
//   minutes  a number of minutes (180 min)
//   hours    a number of hours (3.5 h)
//   money    an amount, with the `currency` of its object or an enclosing
//            one when there is one (15,000 USD), else the number alone
//   currency the currency code; shown on its own only when no amount used it
//   text     a string as it is
//   boolean  `yes`/`no` words of its own (true is `yes`)
//   cost_lines an object of amounts (each number is money)
// A value of another type than its format expects is shown by its type.
// `suffixes`: formats for keys the table does not name, by their ending.
// `groups`: the option keys shown as impact groups, with their titles;
// any other key ending in `_impact` is a group too, titled from its name.
// `shown_elsewhere`: option keys the card shows by itself (scores, pros...);
// every other key of an option is listed under "Other details".
// `max_depth`: nesting shown as nested lists; deeper values on one line.

// biome-ignore format: strict JSON between the markers, read by Rust with include_str!
export const VOCABULARY = /* vocabulary-json-begin */ {
  "groups": [
    { "key": "passenger_impact", "title": "Passenger impact" },
    { "key": "financial_impact", "title": "Financial impact" },
    { "key": "network_impact", "title": "Network impact" }
  ],
  "group_suffix": "_impact",
  "keys": [
    { "key": "total_passengers", "label": "Passengers", "format": "count" },
    { "key": "affected_count", "label": "Passengers affected", "format": "count" },
    { "key": "connecting_passengers", "label": "Connecting passengers", "format": "count" },
    { "key": "delay_minutes", "label": "Delay", "format": "minutes" },
    { "key": "delay_hours", "label": "Delay", "format": "hours" },
    { "key": "cancellation_flag", "label": "Flight", "format": "boolean", "yes": "cancelled", "no": "not cancelled" },
    { "key": "missed_connections", "label": "Missed connections", "format": "count" },
    { "key": "compensation_required", "label": "Compensation", "format": "boolean",
      "yes": "required", "no": "not required" },
    { "key": "passenger_notifications", "label": "Notifications", "format": "text" },
    { "key": "total_estimated_cost", "label": "Total cost", "format": "money" },
    { "key": "total_cost", "label": "Total cost", "format": "money" },
    { "key": "breakdown", "label": "Cost breakdown", "format": "cost_lines" },
    { "key": "aircraft_swap_cost", "label": "Aircraft swap", "format": "money" },
    { "key": "crew_costs", "label": "Crew", "format": "money" },
    { "key": "passenger_compensation", "label": "Passenger compensation", "format": "money" },
    { "key": "rebooking_costs", "label": "Rebooking", "format": "money" },
    { "key": "hotel_accommodation", "label": "Hotel accommodation", "format": "money" },
    { "key": "currency", "label": "Currency", "format": "currency" },
    { "key": "downstream_flights_affected", "label": "Downstream flights", "format": "count" },
    { "key": "downstream_flights", "label": "Downstream flights", "format": "count" },
    { "key": "connection_misses", "label": "Missed connections", "format": "count" },
    { "key": "rotation_preserved", "label": "Rotation", "format": "boolean",
      "yes": "preserved", "no": "not preserved" },
    { "key": "network_propagation", "label": "Propagation", "format": "text" }
  ],
  "suffixes": [
    { "suffix": "_cost", "format": "money" },
    { "suffix": "_costs", "format": "money" },
    { "suffix": "_minutes", "format": "minutes" },
    { "suffix": "_hours", "format": "hours" }
  ],
  "shown_elsewhere": [
    "solution_id", "title", "description", "recommendations", "safety_compliance",
    "composite_score", "safety_score", "cost_score", "passenger_score", "network_score",
    "pros", "cons", "risks", "confidence", "estimated_duration", "recovery_plan"
  ],
  "max_depth": 5
} /* vocabulary-json-end */;
