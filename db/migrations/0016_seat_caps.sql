CREATE TABLE `seat_caps` (
	`level` text PRIMARY KEY NOT NULL,
	`max_seats` integer NOT NULL,
	CONSTRAINT "seat_caps_max_check" CHECK("seat_caps"."max_seats" > 0)
);
