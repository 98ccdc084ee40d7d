-- Analysis as a stage (issue 11): time alone ages statuses without re-analysis, so the drafter writes from
-- stored rows and needs what the analysis knew. `declined`: the school's reply declined the request (the
-- drafter words a commitment's follow-up with it). `analyzed_through`: the newest stored message (by
-- created_at) the child's last analysis read; mail stored after it means the child needs analysing again.
ALTER TABLE "requests" ADD COLUMN "declined" boolean NOT NULL DEFAULT false;
ALTER TABLE "children" ADD COLUMN "analyzed_through" timestamp with time zone;
