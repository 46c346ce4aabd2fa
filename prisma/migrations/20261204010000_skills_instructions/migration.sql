-- An agent's instructions: markdown files the board edits (AGENTS.md is the entry), delivered to every run through the
-- CLI's own mechanisms. `instructions_path` points instead at a file in the run's working folder (an instructions file
-- kept in the repository), read at run time.
-- AlterTable
ALTER TABLE "agents" ADD COLUMN "instructions_path" TEXT;

-- CreateTable
CREATE TABLE "agent_instruction_files" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "agent_id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "path" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_instruction_files_pkey" PRIMARY KEY ("id")
);

-- A company's skills: SKILL.md folders (the SKILL.md text plus supporting files by relative path), created in the board,
-- imported from a folder or git repository, or found in project workspaces. `key` is the folder name agents see.
-- CreateTable
CREATE TABLE "company_skills" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "company_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "markdown" TEXT NOT NULL,
    "files" JSONB NOT NULL DEFAULT '{}',
    "source_type" TEXT NOT NULL DEFAULT 'created',
    "source_locator" TEXT,
    "content_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "company_skills_pkey" PRIMARY KEY ("id")
);

-- The company skills an agent has chosen; every run of that agent receives them.
-- CreateTable
CREATE TABLE "agent_skills" (
    "agent_id" UUID NOT NULL,
    "skill_id" UUID NOT NULL,
    "company_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_skills_pkey" PRIMARY KEY ("agent_id", "skill_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "agent_instruction_files_agent_id_path_key" ON "agent_instruction_files"("agent_id", "path");

-- CreateIndex
CREATE INDEX "agent_instruction_files_company_id_idx" ON "agent_instruction_files"("company_id");

-- CreateIndex
CREATE UNIQUE INDEX "company_skills_company_id_key_key" ON "company_skills"("company_id", "key");

-- CreateIndex
CREATE INDEX "agent_skills_skill_id_idx" ON "agent_skills"("skill_id");

-- CreateIndex
CREATE INDEX "agent_skills_company_id_idx" ON "agent_skills"("company_id");

-- AddForeignKey
ALTER TABLE "agent_instruction_files" ADD CONSTRAINT "agent_instruction_files_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_instruction_files" ADD CONSTRAINT "agent_instruction_files_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "company_skills" ADD CONSTRAINT "company_skills_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_skills" ADD CONSTRAINT "agent_skills_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_skills" ADD CONSTRAINT "agent_skills_skill_id_fkey" FOREIGN KEY ("skill_id") REFERENCES "company_skills"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_skills" ADD CONSTRAINT "agent_skills_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE CASCADE ON UPDATE CASCADE;
