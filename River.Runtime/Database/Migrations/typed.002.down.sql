-- River.Typed line typed, version 2 down: drops the durable schedules (the jobs they enqueued stay).
DROP TABLE /* TEMPLATE: schema */river_typed_schedule;
